#!/bin/bash -eu
# ClusterFuzzLite entry point: CC, CFLAGS, LIB_FUZZING_ENGINE, OUT and WORK come from the
# base-builder image; fuzz/oss-fuzz-build.sh does the rest.
PANEL_SRC="$SRC/panelkit" bash "$SRC/panelkit/fuzz/oss-fuzz-build.sh"
