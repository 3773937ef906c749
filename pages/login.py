"""Login page: name and password against the YouthMap database; log out when signed in
(the form itself is :func:`ui.login.show`, also drawn at any address while signed out)."""

from __future__ import annotations

from ui import login

login.show()
