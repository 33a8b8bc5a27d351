"""Loads an ATT&CK bundle with mitreattack-python's MitreAttackData (the reference tool users
know) and prints load time and peak RSS in the same key=value format as the Rust bench."""
import resource
import sys
import time

from mitreattack.stix20 import MitreAttackData

path = sys.argv[1]
t = time.perf_counter()
data = MitreAttackData(path)
techniques = data.get_techniques(remove_revoked_deprecated=False)
elapsed = time.perf_counter() - t
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"mode=mitreattack-python techniques={len(techniques)} load_ms={elapsed * 1000:.0f} peak_rss_mib={peak_mib:.1f}")
