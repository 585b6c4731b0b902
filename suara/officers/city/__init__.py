"""The city's closed view (issue 15 §4): for a city government's viewer (Diskominfo, Kesbangpol), its
officers with their contacts, health aggregates with small cells suppressed, the results' progress and
KPU's real count; and the city's own internal count, entered by its field officers and compared with
KPU's published TPS numbers. Read-only for the viewer, behind sign-in, never public."""
