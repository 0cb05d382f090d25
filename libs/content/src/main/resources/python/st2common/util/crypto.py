"""StackStorm's symmetric encryption (the format of its datastore secrets and ``st2 key`` files).

A key is a keyczar-style JSON document (``aesKeyString``, ``hmacKey.hmacKeyString``, ``mode`` CBC,
``size``). A ciphertext is upper-case hex of ``header(5 bytes) + IV(16) + AES-CBC(PKCS#5 padded
plaintext) + HMAC-SHA1(everything before it)``. The ``cryptography`` package is used when it is installed;
otherwise a plain-Python AES does the block work (slower, same result).
"""

import base64
import binascii
import hashlib
import hmac
import json
import os

__all__ = ["KEYCZAR_HEADER_SIZE", "KEYCZAR_AES_BLOCK_SIZE", "KEYCZAR_HLEN", "read_crypto_key", "symmetric_encrypt",
           "symmetric_decrypt", "cryptography_symmetric_encrypt", "cryptography_symmetric_decrypt", "AESKey",
           "Base64WSEncode", "Base64WSDecode", "pkcs5_pad", "pkcs5_unpad"]

KEYCZAR_HEADER_SIZE = 5
KEYCZAR_AES_BLOCK_SIZE = 16
KEYCZAR_HLEN = hashlib.sha1().digest_size
MINIMUM_AES_KEY_SIZE = 128
DEFAULT_AES_KEY_SIZE = 256


def Base64WSEncode(s):
    """URL-safe base64 without padding (keyczar's "web-safe" encoding)."""
    if isinstance(s, str):
        s = s.encode("utf-8")
    return base64.urlsafe_b64encode(s).decode("utf-8").replace("=", "")


def Base64WSDecode(s):
    s = "".join(str(s).splitlines())
    s = str(s.replace(" ", ""))
    missing = len(s) % 4
    if missing == 1:
        raise ValueError("Base64 decoding errors")
    return base64.urlsafe_b64decode(s + "=" * ((4 - missing) % 4))


class AESKey(object):
    """An AES key with its HMAC key."""

    def __init__(self, aes_key_string, hmac_key_string, hmac_key_size, mode="CBC", size=DEFAULT_AES_KEY_SIZE):
        if mode.upper() != "CBC":
            raise ValueError("Unsupported mode: %s" % (mode,))
        if int(size) < MINIMUM_AES_KEY_SIZE:
            raise ValueError("Unsafe key size: %s" % (size,))
        self.aes_key_string = aes_key_string
        self.hmac_key_string = hmac_key_string
        self.hmac_key_size = int(hmac_key_size)
        self.mode = mode.upper()
        self.size = int(size)
        self.aes_key_bytes = Base64WSDecode(aes_key_string)
        self.hmac_key_bytes = Base64WSDecode(hmac_key_string)

    @classmethod
    def generate(cls, key_size=DEFAULT_AES_KEY_SIZE):
        if key_size < MINIMUM_AES_KEY_SIZE:
            raise ValueError("Unsafe key size: %s" % (key_size,))
        return cls(aes_key_string=Base64WSEncode(os.urandom(key_size // 8)),
                   hmac_key_string=Base64WSEncode(os.urandom(key_size // 8)),
                   hmac_key_size=key_size, mode="CBC", size=key_size)

    def to_json(self):
        return json.dumps({"hmacKey": {"hmacKeyString": self.hmac_key_string, "size": self.hmac_key_size},
                           "aesKeyString": self.aes_key_string, "mode": self.mode, "size": self.size})

    def __repr__(self):
        return "<AESKey hmac_key_size=%s,mode=%s,size=%s>" % (self.hmac_key_size, self.mode, self.size)


def read_crypto_key(key_path):
    """The key in a keyczar JSON key file."""
    with open(key_path, "r") as fp:
        content = json.load(fp)
    try:
        return AESKey(aes_key_string=content["aesKeyString"], hmac_key_string=content["hmacKey"]["hmacKeyString"],
                      hmac_key_size=content["hmacKey"]["size"], mode=content["mode"].upper(), size=content["size"])
    except KeyError as e:
        raise KeyError('Invalid or malformed key file "%s": %s' % (key_path, e))


def symmetric_encrypt(encrypt_key, plaintext):
    return cryptography_symmetric_encrypt(encrypt_key, plaintext)


def symmetric_decrypt(decrypt_key, ciphertext):
    return cryptography_symmetric_decrypt(decrypt_key, ciphertext)


def cryptography_symmetric_encrypt(encrypt_key, plaintext):
    """``plaintext`` (text or bytes) encrypted with ``encrypt_key``: upper-case hex bytes."""
    if not isinstance(encrypt_key, AESKey):
        raise TypeError("Encrypted key needs to be an AESkey class instance (was %s)." % type(encrypt_key))
    if not isinstance(plaintext, (str, bytes)):
        raise TypeError("Plaintext needs to either be a string/unicode or bytes (was %s)." % type(plaintext))
    data = pkcs5_pad(plaintext.encode("utf-8") if isinstance(plaintext, str) else plaintext)
    iv = os.urandom(KEYCZAR_AES_BLOCK_SIZE)
    message = b"00000" + iv + _cbc(encrypt_key.aes_key_bytes, iv, data, encrypt=True)
    signature = hmac.new(encrypt_key.hmac_key_bytes, message, hashlib.sha1).digest()
    return binascii.hexlify(message + signature).upper()


def cryptography_symmetric_decrypt(decrypt_key, ciphertext):
    """The plaintext bytes of hex ``ciphertext``; ``ValueError`` when it is malformed or its signature
    does not match the key."""
    if not isinstance(decrypt_key, AESKey):
        raise TypeError("Decrypted key needs to be an AESKey class instance (was %s)." % type(decrypt_key))
    if not isinstance(ciphertext, (str, bytes)):
        raise TypeError("Ciphertext needs to either be a string/unicode or bytes (was %s)." % type(ciphertext))
    raw = binascii.unhexlify(ciphertext)
    body = raw[KEYCZAR_HEADER_SIZE:]
    if len(body) < KEYCZAR_AES_BLOCK_SIZE + KEYCZAR_HLEN:
        raise ValueError("Invalid or malformed ciphertext (too short)")
    expected = hmac.new(decrypt_key.hmac_key_bytes, raw[:-KEYCZAR_HLEN], hashlib.sha1).digest()
    if not hmac.compare_digest(expected, body[-KEYCZAR_HLEN:]):
        raise ValueError("Signature did not match digest.")
    iv = body[:KEYCZAR_AES_BLOCK_SIZE]
    return pkcs5_unpad(_cbc(decrypt_key.aes_key_bytes, iv, body[KEYCZAR_AES_BLOCK_SIZE:-KEYCZAR_HLEN], encrypt=False))


def pkcs5_pad(data):
    pad = KEYCZAR_AES_BLOCK_SIZE - len(data) % KEYCZAR_AES_BLOCK_SIZE
    return data + bytes([pad]) * pad


def pkcs5_unpad(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or data[-1] > KEYCZAR_AES_BLOCK_SIZE:
        raise ValueError("Invalid or malformed padding")
    return data[:-data[-1]]


def _cbc(key, iv, data, encrypt):
    try:
        from cryptography.hazmat.backends import default_backend
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        return _PlainAes(key).cbc(iv, data, encrypt)
    cipher = Cipher(algorithms.AES(key), modes.CBC(iv), backend=default_backend())
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()


def _xtime(a):
    a <<= 1
    return (a ^ 0x11B) if a & 0x100 else a


def _gmul(a, b):
    out = 0
    while b:
        if b & 1:
            out ^= a
        a, b = _xtime(a), b >> 1
    return out


def _make_sbox():
    sbox = [0] * 256
    for x in range(256):
        inverse = next((y for y in range(1, 256) if _gmul(x, y) == 1), 0) if x else 0
        s = inverse
        for shift in range(1, 5):
            s ^= ((inverse << shift) | (inverse >> (8 - shift))) & 0xFF
        sbox[x] = s ^ 0x63
    inverse_sbox = [0] * 256
    for x, s in enumerate(sbox):
        inverse_sbox[s] = x
    return sbox, inverse_sbox


_SBOX = None
_INV_SBOX = None


class _PlainAes(object):
    """AES (FIPS-197) on 16-byte blocks; the state is the block's bytes in column order."""

    def __init__(self, key):
        global _SBOX, _INV_SBOX
        if _SBOX is None:
            _SBOX, _INV_SBOX = _make_sbox()
        if len(key) not in (16, 24, 32):
            raise ValueError("Invalid key size (%d) for AES." % (len(key) * 8))
        nk = len(key) // 4
        self.rounds = nk + 6
        words = [list(key[4 * i:4 * i + 4]) for i in range(nk)]
        rcon = 1
        for i in range(nk, 4 * (self.rounds + 1)):
            word = list(words[i - 1])
            if i % nk == 0:
                word = [_SBOX[b] for b in word[1:] + word[:1]]
                word[0] ^= rcon
                rcon = _xtime(rcon)
            elif nk > 6 and i % nk == 4:
                word = [_SBOX[b] for b in word]
            words.append([a ^ b for a, b in zip(words[i - nk], word)])
        self.round_keys = [sum(words[4 * r:4 * r + 4], []) for r in range(self.rounds + 1)]

    def cbc(self, iv, data, encrypt):
        out, previous = bytearray(), bytes(iv)
        for start in range(0, len(data), 16):
            block = data[start:start + 16]
            if encrypt:
                previous = self.encrypt_block(bytes(a ^ b for a, b in zip(block, previous)))
                out += previous
            else:
                out += bytes(a ^ b for a, b in zip(self.decrypt_block(block), previous))
                previous = block
        return bytes(out)

    def encrypt_block(self, block):
        s = [a ^ b for a, b in zip(block, self.round_keys[0])]
        for r in range(1, self.rounds + 1):
            s = [_SBOX[b] for b in s]
            s = [s[row + 4 * ((col + row) % 4)] for col in range(4) for row in range(4)]
            if r != self.rounds:
                s = _mix(s, (2, 3, 1, 1))
            s = [a ^ b for a, b in zip(s, self.round_keys[r])]
        return bytes(s)

    def decrypt_block(self, block):
        s = [a ^ b for a, b in zip(block, self.round_keys[self.rounds])]
        for r in range(self.rounds - 1, -1, -1):
            s = [s[row + 4 * ((col - row) % 4)] for col in range(4) for row in range(4)]
            s = [_INV_SBOX[b] for b in s]
            s = [a ^ b for a, b in zip(s, self.round_keys[r])]
            if r != 0:
                s = _mix(s, (14, 11, 13, 9))
        return bytes(s)


def _mix(state, row):
    out = []
    for col in range(4):
        column = state[4 * col:4 * col + 4]
        for i in range(4):
            value = 0
            for j in range(4):
                value ^= _gmul(column[j], row[(j - i) % 4])
            out.append(value)
    return out
