"""Test and benchmark support: local fakes of Microsoft's cloud services.

`testing.fake_connector` holds the only fake of Microsoft's Bot Connector service (the
Teams channel's REST API a bot posts to). It lives in a package rather than under
`tests/` so benchmark scripts can use it as well, in-process or as a separate process
(`python -m testing.fake_connector --port N`).
"""
