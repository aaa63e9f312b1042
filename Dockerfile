# syntax=docker/dockerfile:1
# Build a static, pure-Go binary, then run it as a non-root user with the
# database in a volume.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/mentorbot ./cmd/mentorbot \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mentorbot /usr/local/bin/mentorbot
# The volume's mount point must belong to the non-root user to be writable.
COPY --from=build --chown=65532:65532 /out/data /data
ENV MENTORBOT_DB=/data/mentorbot.db \
    MENTORBOT_HTTP_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
# The image has no shell or curl: the binary asks its own /healthz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["/usr/local/bin/mentorbot", "health"]
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/mentorbot"]
CMD ["run"]
