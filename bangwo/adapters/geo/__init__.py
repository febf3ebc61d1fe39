"""Geocoders behind the Geocoder port: the embedded gazetteer (offline) and AMap's Web Service."""
