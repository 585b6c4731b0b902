"""What the health tests share besides fixtures: the TPS they use."""

TPS = "3276011006001"
TPS_OTHER = "3276011006002"
TPS_BEKASI = "3275011001001"
