package lint

// IndexBuilds is how many refs indexes passes have built.
func IndexBuilds() int64 { return indexBuilds.Load() }
