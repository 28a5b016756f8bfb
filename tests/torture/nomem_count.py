# tests/torture/nomem_count.py - counts the `return PANEL_E_NOMEM;` / `x = PANEL_E_NOMEM;`
# statements of core/, harness/, mocks/ and how many of them the gcov data in the current
# directory says were executed. Usage, from a --coverage build of the torture (no sanitizers):
#   cmake -S . -B build-gcov -DCMAKE_C_FLAGS="--coverage -O0" -DCMAKE_EXE_LINKER_FLAGS=--coverage \
#         -DPANEL_BENCH=OFF -DPANEL_SHARED=OFF && cmake --build build-gcov --target torture
#   build-gcov/tests/torture .
#   mkdir -p /tmp/g && cd /tmp/g && for f in $SRC/build-gcov/{CMakeFiles/panel.dir/core,
#       mocks/CMakeFiles/panelmock_lib.dir,harness/CMakeFiles/panelcheck_lib.dir}/*.gcda; do
#       gcov -p -o $(dirname $f) $f >/dev/null; done
#   python3 $SRC/tests/torture/nomem_count.py $SRC
# A line counts as executed when gcov saw it run: `return PANEL_E_NOMEM;` lines only, so the
# NOMEM statement itself ran (comparisons and `x ? y : PANEL_E_NOMEM` are not counted).
import glob, os, re, collections, sys
root = sys.argv[1]
executed = {}
for g in glob.glob('*.gcov'):
    lines = {}; src = None
    for l in open(g, errors='replace'):
        parts = l.split(':', 2)
        if len(parts) < 3:
            continue
        cnt, no, text = parts[0].strip(), parts[1].strip(), parts[2]
        if no == '0':
            if text.startswith('Source:'):
                src = text[7:].strip()
            continue
        lines[int(no)] = cnt
    if src:
        executed[os.path.realpath(src)] = lines
pure = re.compile(r'^\s*(return PANEL_E_NOMEM;|[\w\->.*]+ = PANEL_E_NOMEM;)')
tot = collections.Counter(); hit = collections.Counter(); linked = collections.Counter()
for folder in ['core', 'harness', 'mocks']:
    for f in sorted(glob.glob(f'{root}/{folder}/*.c')):
        cov = executed.get(os.path.realpath(f))
        for i, t in enumerate(open(f, errors='replace').read().split('\n'), 1):
            if not pure.match(t):
                continue
            tot[folder] += 1
            if cov is None:
                continue
            linked[folder] += 1
            c = cov.get(i, '-')
            if c != '-' and not c.startswith('#') and not c.startswith('='):
                hit[folder] += 1
for k in ['core', 'harness', 'mocks']:
    print(f'{k}: {tot[k]} NOMEM statements, {linked[k]} in files the torture links, '
          f'{hit[k]} executed')
print(f'total: {sum(tot.values())}, {sum(linked.values())} linked, {sum(hit.values())} executed')
