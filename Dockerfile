# The StateFun runtime for the walkthrough: the official 3.3.0 image plus our
# module.yaml and checkpointing. docker-compose.yml builds it twice, as the
# manager (ROLE=master) and the worker (ROLE=worker).
FROM apache/flink-statefun:3.3.0

# StateFun loads every /opt/statefun/modules/<dir>/module.yaml at startup.
COPY module.yaml /opt/statefun/modules/greeter/module.yaml

# The image ships with checkpointing off. The exactly-once Kafka egress commits
# its transaction only when a checkpoint completes, and without checkpoints it
# silently falls back to no delivery guarantee at all. So checkpoint every 10s:
# greetings become visible to read-committed consumers within about that long.
# The interval must stay well below the egress transactionTimeout (module.yaml).
# state.checkpoints.dir repeats the image's own value (the last line wins) so
# that this file says where checkpoints go: docker-compose.yml mounts one volume
# there in both the manager and the worker, as file-system checkpoints need.
# Appended (>>), never overwritten: the image's file holds settings StateFun needs.
RUN printf '%s\n' \
      '' \
      '# Added by statefun-ts: exactly-once egress needs checkpoints.' \
      'execution.checkpointing.interval: 10s' \
      'execution.checkpointing.mode: EXACTLY_ONCE' \
      'execution.checkpointing.min-pause: 2s' \
      'state.checkpoints.dir: file:///checkpoint-dir' \
      >> "$FLINK_HOME/conf/flink-conf.yaml" \
 && mkdir -p /checkpoint-dir \
 && chown flink:flink /checkpoint-dir \
 && chmod 0775 /checkpoint-dir
