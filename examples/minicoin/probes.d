/* SPDX-License-Identifier: MIT */
/* The minicoin node's USDT probes: provider "bitcoin", as in the 2018 SystemTap branch
 * of Bitcoin Core (src/probes.d there), so the walkthrough's scripts and tapset apply.
 * Compiled by utap-dtrace into probes.h (-h), the semaphores (-G) and, for
 * minicoind-noprobes, a header whose macros vanish (--disable -h). */
provider bitcoin {
	/* AppInitMain, after the data directory and config file are logged */
	probe init_main(const char *datadir, const char *config);
	/* UpdateTip, before its log line: the new tip's hash (display hex), its height, the
	 * coins cache's entries and bytes, and progress * 10^6 */
	probe update_tip(const char *block_hash, int height, size_t cache_size,
			 size_t cache_bytes, size_t progress);
	/* IsInitialBlockDownload latching to false, before that block's UpdateTip */
	probe finish_ibd();
	/* coins cache flush, before the batch write: entries and bytes being flushed */
	probe cache_flush(size_t coins, size_t bytes);
	/* coins cache lookups: found in memory, or not (then the database is asked) */
	probe cache_hit();
	probe cache_miss();
	/* ReadBlockFromDisk: the block's height and blk?????.dat file number */
	probe read_block_from_disk(int height, int filenum);
};
