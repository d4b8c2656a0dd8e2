"""Hot spots (điểm nóng): forecasting where crime will concentrate and detecting
hot spots that are forming. The computation is the pure package `engine`; the
`hotspots` command runs it on any CSV."""
