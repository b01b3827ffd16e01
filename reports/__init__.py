"""Printed reports: the lifecycle health book (全生命周期健康状况书) of a facility, one A4 page each."""
