"""schism: Static Configurator for Hypervisors Including Scenario Metadata."""

__version__ = "0.1.0"
