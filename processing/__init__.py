"""Processing provider: every batch job of the plugin, for the toolbox, the Model Designer and qgis_process."""
