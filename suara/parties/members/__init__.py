"""A party's member list: uploads (whole or delta) checked at the door, their versions, reads as of a
version and the CSV export, the upload job, the party operator's pages and the demo's lists."""
