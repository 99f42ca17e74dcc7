# Floods nnmath's OIP gRPC port with N concurrent ModelInfer calls of MB megabytes each (FP64
# softmax logits, hand-encoded protobuf), while one more caller sends the small Iris softmax in a
# loop; prints each group's outcomes.
import grpc, sys, struct, threading, time
from collections import Counter
n = int(sys.argv[1]); mb = int(sys.argv[2]); port = sys.argv[3] if len(sys.argv) > 3 else "8082"
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7f; v >>= 7
        if v: out.append(b | 0x80)
        else: out.append(b); return bytes(out)
def field(num, payload):
    return varint(num << 3 | 2) + varint(len(payload)) + payload
def request(values):
    tensor = field(1, b"logits") + field(2, b"FP64") + field(3, varint(1) + varint(len(values)))
    return field(1, b"softmax") + field(5, tensor) + field(7, struct.pack("<%dd" % len(values), *values))
big = request([0.5] * (mb * (1 << 20) // 8)); iris = request([1.43, -0.4, 0.23])
opts = [("grpc.max_send_message_length", 1 << 30), ("grpc.max_receive_message_length", 1 << 30)]
flood, small, done = [], [], threading.Event()
def call(msg, out, timeout):
    ch = grpc.insecure_channel("127.0.0.1:" + port, options=opts)
    try:
        ch.unary_unary("/inference.GRPCInferenceService/ModelInfer")(msg, timeout=timeout); out.append("OK")
    except grpc.RpcError as e:
        out.append(e.code().name + ": " + (e.details() or "")[:60])
    finally:
        ch.close()
def smalls():
    while not done.is_set():
        call(iris, small, 10)
ts = [threading.Thread(target=call, args=(big, flood, 120)) for _ in range(n)]
s = threading.Thread(target=smalls); s.start()
t0 = time.time(); [t.start() for t in ts]; [t.join() for t in ts]; done.set(); s.join()
print("%d calls of %d MB in %.1f s:" % (n, len(big) >> 20, time.time() - t0), dict(Counter(flood)))
print("small calls meanwhile:", dict(Counter(small)))
