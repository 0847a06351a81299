/* empty.c - keeps a module library with no sources yet linkable. */
typedef int lg_empty_translation_unit;
