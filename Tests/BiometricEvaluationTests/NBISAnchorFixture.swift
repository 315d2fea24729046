/// A real output of `shared/bench/nbis_anchor.py` on fvc2004_db4_b_synthetic_subset (libfprint virtual_image),
/// with the score lists trimmed.
enum NBISAnchorFixture {
    static let fvc2004 = """
        {"anchor": "libfprint virtual_image (NBIS mindtct + bozorth3, threshold 40)", "dataset": "/work/shared/data/fingerprints/fvc2004_db4_b_synthetic_subset", "fingers": 5, "enrolled": 5, "enroll_impressions": [1, 2, 3, 4, 5], "probe_impressions": [6, 7, 8], "extract_ms": {"n": 55, "median": 11.916, "mean": 11.930563636363637}, "genuine_accepted": 14, "genuine_total": 15, "false_matches": 0, "impostor_probes": 15, "genuine_scores": [8, 31, 53, 18, 45, 11, 27, 8, 9, 23, 73, 301], "impostor_scores": [16, 13, 10, 10, 11, 6, 11, 9, 8, 19, 20, 13], "verify_ms_median": 19.840316999761853, "identify_ms_median": 22.61456599990197}

        """
}
