"""Readers of the region and TPS source files and the rules that match them. Pure parts (``geography_files``,
``desa_mapping``) import no Django; ``bulk`` holds the database write paths the services use."""
