# Regenerates the field tables in this directory from the plugins' source:
#   python3 extract_fields.py /path/to/falcosecurity/plugins
# Each table lists every sdk.FieldEntry of one plugin version: name, type, argument syntax, list.
import re, subprocess, sys
repo = sys.argv[1]  # a clone of https://github.com/falcosecurity/plugins
specs = [
 ("cloudtrail", "cloudtrail-0.12.0", "0.12.0", "plugins/cloudtrail/pkg/cloudtrail/extract.go"),
 ("cloudtrail", "plugins/cloudtrail/v0.17.1", "0.17.1", "plugins/cloudtrail/pkg/cloudtrail/extract.go"),
 ("gcpaudit", "plugins/gcpaudit/v0.5.0", "0.5.0", "plugins/gcpaudit/pkg/gcpaudit/extract.go"),
 ("gcpaudit", "plugins/gcpaudit/v0.8.1", "0.8.1", "plugins/gcpaudit/pkg/gcpaudit/extract.go"),
 ("json", "json-0.7.0", "0.7.0", "plugins/json/pkg/json/json.go"),
 ("json", "plugins/json/v0.7.4", "0.7.4", "plugins/json/pkg/json/json.go"),
]
for plugin, tag, version, path in specs:
    commit = subprocess.check_output(["git","-C",repo,"rev-list","-n1",tag]).decode().strip()
    src = subprocess.check_output(["git","-C",repo,"show",f"{commit}:{path}"]).decode()
    # every sdk.FieldEntry literal: from "{" to the matching "}," (one level of nested braces for Arg/Properties)
    entries = []
    depth = 0; start = None
    text = src[src.index("[]sdk.FieldEntry{") + len("[]sdk.FieldEntry{"):]
    for j, ch in enumerate(text):
        if ch == "{":
            if depth == 0: start = j
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0: entries.append(text[start:j+1])
            if depth < 0: break
    out = [f"# Fields of the Falco {plugin} plugin {version}, as declared by its source.",
           f"# source: https://github.com/falcosecurity/plugins/blob/{commit}/{path}",
           f"# plugin: {plugin}", f"# version: {version}", f"# commit: {commit}",
           "# name\ttype\targ (none | index | key; optional | required)\tlist"]
    for e in entries:
        name = re.search(r'Name:\s*"([^"]+)"', e).group(1)
        typ = re.search(r'Type:\s*"([^"]+)"', e).group(1)
        arg = "none"
        am = re.search(r"Arg:\s*sdk\.FieldEntryArg\{([^}]*)\}", e)
        if am:
            a = am.group(1)
            kind = "index" if "IsIndex: true" in a else ("key" if "IsKey: true" in a else "none")
            req = "required" if "IsRequired: true" in a else "optional"
            arg = f"{kind},{req}"
        lst = "list" if "IsList: true" in e else "scalar"
        out.append(f"{name}\t{typ}\t{arg}\t{lst}")
    open(f"{plugin}-{version}.tsv","w").write("\n".join(out)+"\n")
    print(plugin, version, len(entries), commit)
