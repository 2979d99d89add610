enum _PlaceholderBundLoading {}
