"""Safe Municipal (平安市政): municipal facility archive, condition grading and maintenance planning for QGIS."""


def classFactory(iface):  # noqa: N802 - the name QGIS calls
    from .plugin import SafeMunicipalPlugin

    return SafeMunicipalPlugin(iface)
