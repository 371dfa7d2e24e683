#!/usr/bin/env python3
"""examples/kubernetes, checked against a real Fluent Bit and against itself:

    check_k8s_config.py FLUENT_BIT PLUGIN_SO EXAMPLES_KUBERNETES_DIR

  * the Fluent Bit config of the ConfigMap passes that Fluent Bit's
    --dry-run (plugins loaded, every plugin's properties known), with its
    plugins path pointed at PLUGIN_SO;
  * --dry-run does look at the phiscrub filter's properties: the same
    config with an unknown phiscrub property fails it;
  * the DaemonSet mounts what the config names: the ConfigMap, the key as
    a Secret readable by its owner alone at the key_file's folder, the
    cache on an emptyDir that holds cache_dir (a folder below the mount,
    which phiscrub makes 0700 itself), resource requests and a memory
    limit.

Prints one line per check and "N passed, M failed"."""
import os
import subprocess
import sys
import tempfile

import yaml

FLB, PLUGIN, DIR = sys.argv[1:4]
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}")
        for ln in str(detail).splitlines()[-30:]:
            print(f"     {ln}")


docs = []
for name in sorted(os.listdir(DIR)):
    if name.endswith(".yaml"):
        with open(os.path.join(DIR, name)) as f:
            docs += [d for d in yaml.safe_load_all(f) if d]
kinds = {d["kind"]: d for d in docs}
check("the example has a Namespace, ServiceAccount, ConfigMap and DaemonSet",
      all(k in kinds for k in ("Namespace", "ServiceAccount", "ConfigMap", "DaemonSet")),
      sorted(kinds))
cm, ds = kinds["ConfigMap"], kinds["DaemonSet"]
conf_text = cm["data"]["fluent-bit.yaml"]
conf = yaml.safe_load(conf_text)
phiscrub = [f for f in conf["pipeline"]["filters"] if f["name"] == "phiscrub"]
check("the config has one phiscrub filter, after the kubernetes filter",
      len(phiscrub) == 1 and [f["name"] for f in conf["pipeline"]["filters"]][-1] == "phiscrub",
      conf["pipeline"]["filters"])
flt = phiscrub[0]


def dry_run(text):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "fluent-bit.yaml")
        with open(path, "w") as f:
            f.write(text)
        p = subprocess.run([FLB, "--dry-run", "-c", path], capture_output=True, text=True,
                           timeout=60)
        return p.returncode, p.stdout + p.stderr


plugin_paths = conf.get("plugins", [])
check("the config loads the plugin from a plugins list", len(plugin_paths) == 1, plugin_paths)
text = conf_text.replace(plugin_paths[0], PLUGIN) if plugin_paths else conf_text
rc, out = dry_run(text)
check("fluent-bit --dry-run accepts the ConfigMap's config",
      rc == 0 and "configuration test is successful" in out, out)
bad = "".join(ln + (ln[:len(ln) - len(ln.lstrip())] + "colour: blue\n"
                    if ln.strip().startswith("on_error:") else "")
              for ln in text.splitlines(keepends=True))
rc2, out2 = dry_run(bad)
check("fluent-bit --dry-run refuses an unknown phiscrub property (so it checks the filter)",
      bad != text and rc2 != 0 and "colour" in out2, out2)

spec = ds["spec"]["template"]["spec"]
c = spec["containers"][0]
mounts = {m["name"]: m for m in c["volumeMounts"]}
vols = {v["name"]: v for v in spec["volumes"]}


def mount_of(path):
    """The volume whose mount holds path, and the mount's path."""
    best = None
    for name, m in mounts.items():
        mp = m["mountPath"].rstrip("/")
        if path == mp or path.startswith(mp + "/"):
            if not best or len(mp) > len(best[1]):
                best = (name, mp)
    return best or (None, None)


cfg_arg = c["args"][c["args"].index("-c") + 1]
v, mp = mount_of(cfg_arg)
check("the container reads the ConfigMap's fluent-bit.yaml",
      v and vols[v].get("configMap", {}).get("name") == cm["metadata"]["name"]
      and os.path.basename(cfg_arg) == "fluent-bit.yaml", (cfg_arg, v))
v, mp = mount_of(flt["key_file"])
sec = vols.get(v, {}).get("secret", {}) if v else {}
check("key_file is in a Secret, mounted read-only, readable by its owner alone",
      sec.get("secretName") and mounts[v].get("readOnly") is True
      and sec.get("defaultMode") in (0o400, 0o600), (flt["key_file"], v, sec))
v, mp = mount_of(flt["cache_dir"])
check("cache_dir is a folder inside an emptyDir (phiscrub makes it 0700)",
      v and "emptyDir" in vols[v] and flt["cache_dir"].rstrip("/") != mp,
      (flt["cache_dir"], v, mp))
res = c.get("resources", {})
check("the container requests CPU and memory and has a memory limit",
      res.get("requests", {}).get("cpu") and res.get("requests", {}).get("memory")
      and res.get("limits", {}).get("memory"), res)
tail = [i for i in conf["pipeline"]["inputs"] if i["name"] == "tail"]
check("tail reads the node's /var/log from a read-only mount",
      tail and mount_of(tail[0]["path"].split("*")[0].rstrip("/"))[0] == "varlog"
      and mounts["varlog"].get("readOnly") is True, tail)
if tail and tail[0].get("db"):
    check("tail's db is on a volume that outlives the container",
          mount_of(tail[0]["db"])[0] is not None, tail[0]["db"])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
