"""Rosters of the ad-hoc officers per posting and their completeness per region, the Linmas intake from
the Satpol PP and the honorarium list."""
