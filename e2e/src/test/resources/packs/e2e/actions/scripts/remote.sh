#!/usr/bin/env bash
echo "remote script $1"
