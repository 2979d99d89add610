enum _PlaceholderBundBuild {}
