"""The bulk import of voters: ``suara import-voters FILE``.

source.py   reads CSV or XLSX (sniffed by content) into numbered rows of strings (pure)
rows.py     the rules for one row: every problem with its code, column and Indonesian reason (pure)
report.py   the error report CSV: line, code, column, reason; never a NIK or a name (pure)
service.py  ``voters_import``: one transaction, one audit event; the delta mode for a later extract
direct.py   PostgreSQL, a plain import: rows COPYed straight into the register as the file is read
staging.py  otherwise a staging table (COPY on PostgreSQL, executemany on SQLite), then INSERT ... SELECT
"""
