"""Low-level readers of Office Open XML packages (zip + XML), no third-party libraries.

openpyxl and python-docx drop parts they do not model (x14 data validations, form
controls, shapes); the parsers read those parts here and the renderers write answers
into the package XML directly so that nothing else of the issuer's file changes.
"""
