"""Teams app manifest template, icons and localisation, and the packager that zips them."""
