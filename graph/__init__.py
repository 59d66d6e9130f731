"""Microsoft Graph: resolve people in Entra ID and install the Teams app for managers.

:mod:`graph.client` talks to Graph (MSAL client credentials, paging, throttling);
:mod:`graph.sync` decides, as pure functions, what a directory lookup changes.
"""
