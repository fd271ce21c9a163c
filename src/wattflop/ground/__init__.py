"""Ground-based power: weather years, photovoltaic output, the power network and training swings.

``weather`` reads typical-year weather files (TMY3, TMY2, EPW, PVGIS, NSRDB) or builds a
clear-sky year anywhere; ``pv`` turns a weather year into hourly AC output per kW of inverter
capacity with pvlib's PVWatts model chain.
"""
