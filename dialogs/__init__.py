"""The plugin's dialogs, tasks and the controllers behind its menu actions."""
