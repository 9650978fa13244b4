// lessonpack: progressive enhancement of the generated pages.
