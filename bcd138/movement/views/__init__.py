"""The movement's pages: an overview, and a list, a page and forms for each of
models, exemplary people, outreach, teams and the safety recognition."""
