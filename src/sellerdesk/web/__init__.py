"""Server-rendered pages of the team web app (sign-in for now); mounted by the API's app."""
