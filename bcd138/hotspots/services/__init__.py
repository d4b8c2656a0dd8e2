"""The hot-spot analysis in the platform: events from reports and cases
(`events`), runs per province (`runs`), alerts and their follow-up (`alerts`),
map payloads (`mapdata`)."""
