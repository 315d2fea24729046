public enum WeComCloudSimModule {}
