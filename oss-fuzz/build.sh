#!/bin/bash -eu
# OSS-Fuzz entry point ($SRC/build.sh in the base-builder image, run by `compile` with CC,
# CFLAGS, LIB_FUZZING_ENGINE, OUT and WORK set): the one recipe is fuzz/oss-fuzz-build.sh,
# which writes $OUT/<target>, <target>_seed_corpus.zip, <target>.dict, <target>.options and
# $OUT/dialects/. The ctest oss-fuzz/build runs this file the way the image does.
PANEL_SRC="$SRC/panelkit" bash "$SRC/panelkit/fuzz/oss-fuzz-build.sh"
