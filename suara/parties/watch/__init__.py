"""The daily watch: organisations' watchlists of NIKs checked every day against the current member lists
(``services``), with the reports kept in the app and e-mailed (``mail``)."""
