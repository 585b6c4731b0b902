"""Selection of the ad-hoc officers: written-test scores, the interview shortlist, the public comment
window, the appointment with its decree (SK), reserves and the accounts of those who sign in."""
