"""Renderers: one per output. Only modules here import openpyxl, python-docx or matplotlib."""
