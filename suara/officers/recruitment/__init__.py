"""Recruitment of the ad-hoc officers up to eligibility (issue 15, section 2).

openings.py      the seats open per body and posting in a region (selector)
documents.py     the documents checklist of an application (pure)
eligibility.py   the requirements, one reason bit each (pure, property-tested)
rows.py          the rules for one row of an applicants' file (pure)
applications.py  the public form's service and the application code
importing.py     the bulk import of applicants by the PPS or KPU office (CSV/XLSX, a job)
assessment.py    eligibility for every open application of an election and region, set-based SQL (a job)
"""
