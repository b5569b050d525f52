#!/usr/bin/env python3
"""Fails when a translation file has fallen behind the code.

  check_translations.py LUPDATE SOURCE_DIR TS_FILE...

For each .ts file: runs lupdate over src/ ui/ app/ into a temporary copy
(exactly as the update command below does) and compares, then checks that
every entry is translated and keeps the source's placeholders (%1, %n). It
fails when code added a string the .ts lacks, or when an entry is unfinished,
empty or loses a placeholder. Strings the code no longer has are only listed:
they do no harm, and translations may arrive before the code that uses them.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

LUPDATE_ARGS = ["-locations", "none", "-no-obsolete", "src", "ui", "app"]


def entries(path):
    """{(context, source, comment): (translation element, numerus)}"""
    result = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            result[key] = (message.find("translation"), message.get("numerus") == "yes")
    return result


def translated_texts(translation, numerus):
    if numerus:
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def describe(key):
    context, source, comment = key
    text = f"  [{context}] {source!r}"
    return text + (f" (comment: {comment!r})" if comment else "")


def check(lupdate, source_dir, ts_file):
    relative = os.path.relpath(ts_file, source_dir)
    update = f"cd {source_dir} && {lupdate} {' '.join(LUPDATE_ARGS)} -ts {relative}"
    how_to_fix = (
        f"\nTo update {relative}, run from the repository root:\n"
        f"    {lupdate} {' '.join(LUPDATE_ARGS)} -ts {relative}\n"
        f"then translate every entry marked type=\"unfinished\" (Qt Linguist: "
        f"/usr/lib/qt6/bin/linguist {relative}, or edit the XML: write the <translation> "
        f"and remove type=\"unfinished\"), keep each %1/%n placeholder, and commit the .ts."
    )
    problems = []

    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, os.path.basename(ts_file))
        shutil.copyfile(ts_file, fresh)
        run = subprocess.run([lupdate, *LUPDATE_ARGS, "-ts", fresh], cwd=source_dir,
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            print(f"FAIL: lupdate failed ({update})")
            return False
        committed = entries(ts_file)
        current = entries(fresh)

    added = sorted(set(current) - set(committed))
    removed = sorted(set(committed) - set(current))
    if added:
        problems.append(f"{len(added)} string(s) in the code are missing from {relative}:")
        problems += [describe(k) for k in added]
    if removed:
        print(f"note: {len(removed)} string(s) in {relative} are not in the code (yet, or any "
              f"more); this drops those no longer needed: {update}")
        print("\n".join(describe(k) for k in removed))

    placeholder = re.compile(r"%(?:\d+|n|L\d+)")
    for key, (translation, numerus) in sorted(committed.items()):
        kind = translation.get("type") if translation is not None else "missing"
        texts = translated_texts(translation, numerus) if translation is not None else []
        if kind in ("unfinished", "missing", "vanished", "obsolete") or not all(
                t.strip() for t in texts) or not texts:
            problems.append(f"untranslated ({kind or 'empty'}):{describe(key)[1:]}")
            continue
        wanted = sorted(set(placeholder.findall(key[1])))
        for text in texts:
            if sorted(set(placeholder.findall(text))) != wanted:
                problems.append(f"placeholders {wanted} not all kept in {text!r}:"
                                f"{describe(key)[1:]}")

    if problems:
        print(f"FAIL: {relative} is not up to date with the code.")
        print("\n".join(problems))
        print(how_to_fix)
        return False
    print(f"ok: {relative}: {len(committed)} strings, all translated")
    return True


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    lupdate, source_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    ok = all([check(lupdate, source_dir, os.path.abspath(ts)) for ts in sys.argv[3:]])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
