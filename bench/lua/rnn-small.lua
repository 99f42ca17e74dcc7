-- A small Elman RNN (tanh): a batch of B=1 sequence of T=10 steps, I=4 inputs, H=8 hidden.
-- The numbers are random with a fixed seed, built once when wrk loads the script (in every thread,
-- each with the same seed, hence the same body).
local B, T, I, H = 1, 10, 4, 8
math.randomseed(7)

local function uniform(scale) return string.format("%.6f", (2 * math.random() - 1) * scale) end
local function vector(n, scale)
  local v = {}
  for k = 1, n do v[k] = uniform(scale) end
  return "[" .. table.concat(v, ",") .. "]"
end
local function matrix(rows, cols, scale)
  local m = {}
  for r = 1, rows do m[r] = vector(cols, scale) end
  return "[" .. table.concat(m, ",") .. "]"
end

local sequences = {}
for b = 1, B do sequences[b] = matrix(T, I, 1.0) end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"nonlinearity":"tanh","layers":[{"weightIh":' .. matrix(H, I, 0.3)
  .. ',"weightHh":' .. matrix(H, H, 0.3) .. ',"biasIh":' .. vector(H, 0.3)
  .. ',"biasHh":' .. vector(H, 0.3) .. '}],"inputs":[' .. table.concat(sequences, ",") .. ']}'
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
