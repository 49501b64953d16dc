"""Vendor-neutral desktop model: availability, idle codes, channels, the agent snapshot."""
