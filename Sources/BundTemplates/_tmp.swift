enum _PlaceholderBundTemplates {}
