"""Sphinx extensions used by the course book (loaded from _config.yml, ``sphinx: local_extensions``)."""
