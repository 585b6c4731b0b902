"""The bulk import of voters (issue 4, section 3): ``suara import-voters FILE``.

source.py   reads CSV or XLSX (sniffed by content) into numbered rows of strings (pure)
rows.py     the rules for one row: every problem with its code, column and Indonesian reason (pure)
report.py   the error report CSV: line, code, column, reason; never a NIK or a name (pure)
service.py  ``voters_import``: validation streamed into a staging table, then one INSERT ... SELECT,
            all in one transaction with one audit event; the delta mode for a later extract
staging.py  the staging table and its load: COPY on PostgreSQL, executemany batches on SQLite
"""
