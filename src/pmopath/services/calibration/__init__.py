"""Calibration: self, manager, peer, evidence and feedback levels side by side, disagreements
flagged, calibrated levels recorded with their reason, and calibration sessions over a group."""
