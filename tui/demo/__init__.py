"""Showing the desktop to people: in a browser (`serve`) and as a scripted walk (`walk`)."""
