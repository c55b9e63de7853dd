/* Test stand-in: every type is in phidias.h. */
