/* SPDX-License-Identifier: MIT */
/* Regtest addresses: Base58Check (P2PKH prefix 111, P2SH 196) and bech32/bech32m segwit
 * addresses with HRP "bcrt" (BIP173, BIP350), to and from output scripts. */
#ifndef MINICOIN_ADDRESS_H
#define MINICOIN_ADDRESS_H

#include "ser.h"

#include <stdint.h>

/* Appends the output script an address stands for. Returns 0 or -EINVAL (not a valid
 * regtest address). */
int address_to_script(const char *addr, struct wbuf *script);
/* The address of a standard output script (a P2PK script gives its key's P2PKH address,
 * as Core's ExtractDestination did), or NULL. Fresh string. */
char *address_from_script(const uint8_t *s, size_t len);

#endif
