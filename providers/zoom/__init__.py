"""Zoom: OAuth tokens, the REST API, and the `MeetingProvider` built on them."""
